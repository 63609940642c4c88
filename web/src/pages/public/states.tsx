// The Subscribing States, on a map projected at build time (scripts/build-map.mjs) and in a
// table that says the same for those who do not see the map.
import { Page } from '../../components/page';
import map from '../../generated/world-map.json';
import subscribing from './subscribing-states.json';

export function States() {
  const states = [...subscribing.states].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Page title="Subscribing States">
      <p class="govuk-body">
        {states.length} states subscribed to the Code of Conduct when it was published on 30 March 2023. The Code is
        open to every state that wants to join.
      </p>
      <figure class="echri-map">
        <svg
          viewBox={`0 0 ${map.width} ${map.height}`}
          role="img"
          aria-labelledby="map-title map-description"
          class="echri-map__svg"
        >
          <title id="map-title">World map of the Subscribing States</title>
          <desc id="map-description">
            The {states.length} Subscribing States are shaded dark; the table below lists them.
          </desc>
          {map.shapes.map((shape) => (
            <path
              key={shape.name}
              d={shape.d}
              class={shape.code ? 'echri-map__state echri-map__state--subscribing' : 'echri-map__state'}
            >
              <title>{shape.code ? `${shape.name}: Subscribing State` : shape.name}</title>
            </path>
          ))}
        </svg>
        <figcaption class="govuk-body-s">
          Shaded: Subscribing States. Borders from Natural Earth (public domain) via world-atlas.
        </figcaption>
      </figure>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">The Subscribing States</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">State</th>
            <th scope="col" class="govuk-table__header">Code</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {states.map((state) => (
            <tr class="govuk-table__row" key={state.code}>
              <td class="govuk-table__cell">{state.name}</td>
              <td class="govuk-table__cell">{state.code}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="govuk-body-s">Source: {subscribing.source}.</p>
    </Page>
  );
}
