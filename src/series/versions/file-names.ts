// The file names git format-patch gives a series: "[vN-]0000-cover-letter.patch" and "[vN-]NNNN-*.patch".
export const COVER_LETTER = /^(?:v(\d+)-)?0000-cover-letter\.patch$/;
export const PATCH_FILE = /^(?:v(\d+)-)?(\d{4,})-[A-Za-z0-9._-]*\.patch$/;
