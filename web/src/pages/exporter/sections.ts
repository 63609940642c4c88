// The task list's sections, and which section each missing-information path of the assessment
// belongs to.
export type Section = { key: string; title: string; owns: (path: string) => boolean };

export const SECTIONS: Section[] = [
  { key: 'basics', title: 'Reference, exporter and destination', owns: (p) => /^\$\.(reference|exporter|destination)/.test(p) },
  { key: 'items', title: 'Items', owns: (p) => p.startsWith('$.items') },
  { key: 'parties', title: 'End user and other parties', owns: (p) => p.startsWith('$.parties') },
  { key: 'end-use', title: 'End use', owns: (p) => p.startsWith('$.end_use') },
  { key: 'assurances', title: "The end user's assurances", owns: (p) => p.startsWith('$.assurances') },
  { key: 'answers', title: 'Due-diligence questions', owns: (p) => p.startsWith('$.answers') },
];
