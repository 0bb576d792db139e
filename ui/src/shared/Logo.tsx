/** The Suanpan mark: the app icon (an abacus, 算盘), the same picture as the window and dock. */
export function Logo({ size = 32 }: { size?: number }) {
  return <img src="/favicon.svg" width={size} height={size} alt="" aria-hidden="true" />;
}
