/**
 * County compliance (GET /api/compliance, the report's chapter): the registry's estimates by county from
 * the same selection and weights as GET /api/estimates, each county judged against its region's target.
 */
import { countyCompliance, type CountyCompliance } from '../../analysis/indicators/compliance';
import { createLabeller } from '../../analysis/indicators/labels';
import { estimateIndicators, type EstimateRequest, type IndicatorEstimates } from './estimates';
import { registryDescription } from './indicatorRegistry';
import type { ServerState } from '../state';

export async function complianceOf(state: ServerState, request: Omit<EstimateRequest, 'by'>): Promise<{ compliance: CountyCompliance; result: IndicatorEstimates }> {
  const [result, description] = await Promise.all([estimateIndicators(state, { ...request, by: ['county'] }), registryDescription(state)]);
  return { compliance: countyCompliance(result.estimates, createLabeller(description)), result };
}
