export {
  findParameter,
  getParameter,
  loadParameterTable,
  ParameterTable,
  setParameter,
  parameterHistory,
  type ParameterQuery,
  type ParameterRow,
  type ResolvedParameter,
  type SetParameterInput,
  type SetParameterResult,
} from './parameters.service';
export { loadParameterFiles, type LoadParametersResult, type ParameterDefinition } from './parameters.loader';
export { cachedParameterTable, parametersChanged, PARAMETER_CACHE_TTL_MS } from './parameters.cache';
