// Pages render in the browser and load their data from there, so the SvelteKit handler
// never calls the API on a visitor's behalf.
export const ssr = false;
