/** The code version written into saved models and reports (kept equal to package.json's version by a test). */
export const PERFCAST_VERSION = '0.2.0';
