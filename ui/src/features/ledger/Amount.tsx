import { displayAmount } from './money';
import styles from './ledger.module.css';

/** An amount from the core in a report: grouped, two decimals, lined up by its decimal point. */
export function Amount({ value, testId }: { value: string; testId?: string }) {
  return (
    <span className={styles.amount} data-testid={testId}>
      {displayAmount(value)}
    </span>
  );
}
