/** The value of one series (`name{labels}`) in Prometheus exposition text; undefined when it has none. */
export const metricSample = (text: string, series: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(`${series} `))
    ?.split(' ')[1];
