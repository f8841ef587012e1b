import type { AfterPackContext } from 'electron-builder';

/** The ABI a compiled Node module was built for; 'node-api' if ABI-stable; null if unknown. */
export function nativeAbiOf(file: string): number | 'node-api' | null;
/** Throws unless every .node beside the asar fits `expectedAbi`; returns how many were checked. */
export function checkNativeAbi(resourcesDir: string, expectedAbi: number): number;
/** The ABI of the Electron being packaged. */
export function electronAbi(projectDir: string): number;
export default function afterPack(context: AfterPackContext): Promise<void>;
