/** The Suanpan mark: a small abacus (算盘) — three rods with beads. */
export function Logo({ size = 32 }: { size?: number }) {
  const beads = [
    [7, 9, 17],
    [12, 7, 12],
    [17, 9, 22],
  ] as const;
  return (
    <svg width={size} height={size} viewBox="0 0 28 28" role="img" aria-hidden="true">
      <defs>
        <linearGradient id="suanpan-logo" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#1677ff" />
          <stop offset="1" stopColor="#13c2c2" />
        </linearGradient>
      </defs>
      <rect x="0" y="0" width="28" height="28" rx="7" fill="url(#suanpan-logo)" />
      <rect x="5" y="5" width="18" height="18" rx="2" fill="none" stroke="#fff" strokeWidth="1.6" />
      <line x1="5" y1="11" x2="23" y2="11" stroke="#fff" strokeWidth="1.2" />
      {beads.map(([x, y1, y2]) => (
        <g key={x}>
          <line x1={x + 2} y1="5" x2={x + 2} y2="23" stroke="rgba(255,255,255,0.55)" strokeWidth="1" />
          <rect x={x} y={y1 - 1.6} width="4" height="3.2" rx="1.6" fill="#fff" />
          <rect x={x} y={y2 - 1.6} width="4" height="3.2" rx="1.6" fill="#fff" />
        </g>
      ))}
    </svg>
  );
}
