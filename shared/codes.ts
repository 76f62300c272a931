/** Service codes as staff and source systems write them, compared in one form on both sides. */

/** Codes compare case-insensitively and ignore spaces, dots and hyphens ("LAB-mentor" = "LAB_MENTOR"). */
export const normaliseCode = (c: string) => c.trim().toUpperCase().replace(/[\s.-]+/g, '_');
