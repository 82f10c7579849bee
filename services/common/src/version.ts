/** The product banner that lsid prints and every daemon reports. */
export const PRODUCT_NAME = 'LavaLite';
export const PRODUCT_VERSION = '0.1.0';
export const PRODUCT_RELEASE_DATE = 'Dec 3 2026';
export const PRODUCT_BANNER = `${PRODUCT_NAME} ${PRODUCT_VERSION}`;
/** The banner's line as lsid prints it first and every command's -V prints it. */
export const PRODUCT_VERSION_LINE = `${PRODUCT_BANNER}, ${PRODUCT_RELEASE_DATE}`;
