import { Component, type ErrorInfo, type ReactNode } from 'react';
import { describeError } from '../../data/persist/storage-errors.ts';

interface Props {
  /** What failed, for the message: 'This view', 'Perfcast'. */
  readonly label: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: unknown;
}

/**
 * No error leaves a blank screen: a render error in a view (a 200k-deep JSON value, a broken
 * chart input) shows what failed and a way back, and the stored data is not touched.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error ?? new Error('unknown error') };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`${this.props.label} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="panel error-boundary">
        <h3>{this.props.label} failed to show</h3>
        <p>{describeError(error)}</p>
        <p>Your imported data is stored and unchanged. Try again, or open another view.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    );
  }
}
