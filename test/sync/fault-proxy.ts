import net from 'node:net';

export type Fault = 'pass' | 'drop' | 'delay' | 'cut-response';

/**
 * A TCP proxy on 127.0.0.1 between a client and the server that misbehaves like a bad
 * mobile link. For each HTTP request it picks a fault: pass it, drop the connection
 * before the server sees it, delay both ways, or forward it and cut the response off
 * part-way (the server has committed; the client cannot know).
 */
export async function startFaultProxy(target: URL, chooseFault: () => Fault): Promise<{ url: string; faults: Record<Fault, number>; close(): Promise<void> }> {
  const faults: Record<Fault, number> = { pass: 0, drop: 0, delay: 0, 'cut-response': 0 };
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const server = net.createServer((client) => {
    track(client);
    const upstream = net.connect(Number(target.port), target.hostname);
    track(upstream);
    let fault: Fault = 'pass';
    const hangUp = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', hangUp);
    client.on('data', (chunk) => {
      // A new request starts: decide what the link does to it.
      if (/^(GET|POST|PUT|DELETE|HEAD) /.test(chunk.subarray(0, 8).toString('latin1'))) {
        fault = chooseFault();
        faults[fault]++;
      }
      if (fault === 'drop') return hangUp();
      const delay = fault === 'delay' ? 20 + Math.floor(Math.random() * 80) : 0;
      setTimeout(() => upstream.write(chunk), delay);
    });
    upstream.on('data', (chunk) => {
      if (fault === 'cut-response') {
        client.write(chunk.subarray(0, Math.min(20, chunk.length)), hangUp);
        return;
      }
      const delay = fault === 'delay' ? 20 + Math.floor(Math.random() * 80) : 0;
      setTimeout(() => client.writable && client.write(chunk), delay);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => setTimeout(() => client.end(), 100));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
