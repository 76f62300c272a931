/** Charts every feature may use: drawn with visx in SVG, words and numbers given by the caller. */
export { FunnelChart, type FunnelTexts } from './FunnelChart';
export { CombinationsChart, type CombinationTexts } from './CombinationsChart';
export { combinationsOf, funnelSteps, topCombinations, type CombinationView, type FunnelStep } from './prepare';
