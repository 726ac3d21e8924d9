import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '@parley/api-client';
import { allWidgets } from '../../api.js';
import { navigate } from '../../store.js';
import { DeliveryLog } from './DeliveryLog.js';
import { LoadFailed } from './feedback.js';
import { OpenApiForm } from './OpenApiForm.js';
import { SalesforceForm } from './SalesforceForm.js';

type Widget = Pick<Schemas['Widget'], 'id' | 'name'>;

/**
 * Integrations of one widget (`/app/admin/integrations/<widgetId>`): the Open API webhook (URL, events,
 * authentication header, the signing secret shown once, rotation, a test event), the delivery log with
 * every try and redelivery, and the Salesforce connection with its Lead field mapping. Owners and admins.
 */
export const IntegrationsScreen = ({ rest }: { readonly rest: readonly string[] }) => {
  const [widgets, setWidgets] = useState<Widget[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Bumped when something queued a delivery, so the log looks again at once. */
  const [queued, setQueued] = useState(0);

  const load = async () => {
    setError(null);
    const all = await allWidgets();
    if (!all) return setError('The widgets could not be loaded.');
    setWidgets(all.map((w) => ({ id: w.id, name: w.name })));
  };
  useEffect(() => void load(), []);

  if (error)
    return (
      <section aria-labelledby="integrations-title">
        <h1 id="integrations-title">Integrations</h1>
        <LoadFailed message={error} onRetry={load} />
      </section>
    );
  if (!widgets) return <p aria-busy="true">Loading…</p>;
  if (widgets.length === 0)
    return (
      <section>
        <h1>Integrations</h1>
        <p class="empty">Integrations belong to a widget. Create a widget first.</p>
      </section>
    );
  const widgetId = widgets.some((w) => w.id === rest[0]) ? rest[0]! : widgets[0]!.id;

  return (
    <section class="integrations" aria-labelledby="integrations-title">
      <h1 id="integrations-title">Integrations</h1>
      <div class="field integrations-widget">
        <label for="integrations-widget">Widget</label>
        <select
          id="integrations-widget"
          value={widgetId}
          onChange={(e) => navigate(`/app/admin/integrations/${(e.target as HTMLSelectElement).value}`)}
        >
          {widgets.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      <OpenApiForm key={`o-${widgetId}`} widgetId={widgetId} onQueued={() => setQueued((n) => n + 1)} />
      <DeliveryLog key={`d-${widgetId}`} widgetId={widgetId} refresh={queued} />
      <SalesforceForm key={`s-${widgetId}`} widgetId={widgetId} />
    </section>
  );
};
