// Projects world-atlas's 1:110m countries once, at build time, into SVG path strings: the page
// ships paths, not geometry and a projection library, so the map costs the browser no d3 code.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const atlas = require('world-atlas/countries-110m.json');
const here = new URL('..', import.meta.url);
const subscribing = JSON.parse(
  readFileSync(new URL('src/pages/public/subscribing-states.json', here), 'utf8'),
);

const width = 960;
const height = 468;
const countries = feature(atlas, atlas.objects.countries).features.filter(
  (country) => country.properties.name !== 'Antarctica',
);
const projection = geoEqualEarth().fitSize([width, height], {
  type: 'FeatureCollection',
  features: countries,
});
const path = geoPath(projection).digits(1);

const byAtlasName = new Map(subscribing.states.map((state) => [state.atlas, state]));
const shapes = countries.map((country) => {
  const state = byAtlasName.get(country.properties.name);
  return {
    name: state ? state.name : country.properties.name,
    code: state ? state.code : null,
    d: path(country),
  };
});
const missing = subscribing.states.filter(
  (state) => !countries.some((country) => country.properties.name === state.atlas),
);
if (missing.length > 0) {
  console.error(
    `build-map: src/pages/public/subscribing-states.json: no shape in world-atlas for ${missing
      .map((state) => `"${state.atlas}"`)
      .join(', ')}`,
  );
  process.exit(1);
}
mkdirSync(new URL('src/generated/', here), { recursive: true });
writeFileSync(
  new URL('src/generated/world-map.json', here),
  JSON.stringify({ width, height, shapes }),
);
console.log(`build-map: ${shapes.length} countries, ${subscribing.states.length} Subscribing States`);
