/** The kinds of organisation that run peer support, in the order the forms offer them. */
export const organisationKinds = ['region', 'municipality', 'volunteer_centre', 'network', 'other'] as const;
