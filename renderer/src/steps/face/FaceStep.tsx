import { lazy, Suspense } from 'react';
import type { FlowView } from '../../../../electron/contract/flows.ts';
import type { StepProps } from '../../flows/flow-client.ts';

// The face step's code (camera, challenge, verification UI) loads when a resident reaches the step,
// not with the attract screen: it stays out of the start-up bundle. The worker and models are
// separate files anyway (face-engine.ts).
const View = lazy(() => import('./FaceStepView.tsx').then((m) => ({ default: m.FaceStepView })));

export function FaceStep(props: StepProps<FlowView> & { demo: boolean }) {
  return (
    <Suspense fallback={<section className="flow-step" aria-busy="true" />}>
      <View {...props} />
    </Suspense>
  );
}
