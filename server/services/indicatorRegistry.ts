/**
 * The indicator registry with the levels only the deployment knows: the fielded instrument versions'
 * choices and the sampling frame's counties (by GB/T 2260 name, or the frame's own county name).
 */
import { describeRegistry, type LevelContext, type RegistryDescription } from '../../analysis/indicators/description';
import { createLabeller, type Labeller } from '../../analysis/indicators/labels';
import type { InstrumentJson } from '../../analysis/scoring/instrumentJson';
import { fieldedVersions } from './instrumentVersions';
import { samplingFrameOf } from './samplingFrame';
import type { ServerState } from '../state';

/** Every instrument version's JSON, whose choices name the question-based breakdown levels. */
export function fieldedInstruments(): InstrumentJson[] {
  return fieldedVersions().map((version) => version.json);
}

export async function levelContext(state: ServerState): Promise<LevelContext> {
  const counties = new Map<string, string | null>();
  for (const point of await samplingFrameOf(state)) if (!counties.get(point.countyCode)) counties.set(point.countyCode, point.countyName ?? null);
  return { instruments: fieldedInstruments(), counties: [...counties].map(([code, name]) => ({ code, name })) };
}

export async function registryDescription(state: ServerState): Promise<RegistryDescription> {
  return describeRegistry(await levelContext(state));
}

export async function labellerFor(state: ServerState): Promise<Labeller> {
  return createLabeller(await registryDescription(state));
}
