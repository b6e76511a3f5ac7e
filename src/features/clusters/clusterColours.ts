/**
 * Cluster colours: the Okabe–Ito palette (distinguishable with the common colour-vision
 * deficiencies), then two more; the same cluster keeps its colour in every chart.
 */
export const CLUSTER_COLOURS = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#000000',
  '#8c564b',
  '#7f7f7f',
] as const;

export function clusterColour(cluster: number): string {
  return cluster < 0 ? '#bdbdbd' : CLUSTER_COLOURS[cluster % CLUSTER_COLOURS.length];
}
