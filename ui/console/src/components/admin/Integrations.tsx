import { useState } from 'preact/hooks';
import type { Schemas } from '@parley/api-client';
import { allWidgets } from '../../api.js';
import { navigate } from '../../store.js';
import { DeliveryLog } from './DeliveryLog.js';
import { LoadFailed } from './feedback.js';
import { useLoad } from './use-load.js';
import { OpenApiForm } from './OpenApiForm.js';
import { SalesforceForm } from './SalesforceForm.js';
import { WidgetSelect } from '../widget-select.js';

type Widget = Pick<Schemas['Widget'], 'id' | 'name'>;

/**
 * Integrations of one widget (`/app/admin/integrations/<widgetId>`): the Open API webhook (URL, events,
 * authentication header, the signing secret shown once, rotation, a test event), the delivery log with
 * every try and redelivery, and the Salesforce connection with its Lead field mapping. Owners and admins.
 */
export const IntegrationsScreen = ({ rest }: { readonly rest: readonly string[] }) => {
  const [widgets, setWidgets] = useState<Widget[] | null>(null);
  /** Bumped when something queued a delivery, so the log looks again at once. */
  const [queued, setQueued] = useState(0);

  const { loadError, load } = useLoad(async () => {
    const all = await allWidgets();
    if (!all) return 'The widgets could not be loaded.';
    setWidgets(all.map((w) => ({ id: w.id, name: w.name })));
  }, []);

  if (loadError)
    return (
      <section aria-labelledby="integrations-title">
        <h1 id="integrations-title">Integrations</h1>
        <LoadFailed message={loadError} onRetry={load} />
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
      <WidgetSelect
        id="integrations-widget"
        class="integrations-widget"
        widgets={widgets}
        value={widgetId}
        onChange={(id) => navigate(`/app/admin/integrations/${id}`)}
      />
      <OpenApiForm key={`o-${widgetId}`} widgetId={widgetId} onQueued={() => setQueued((n) => n + 1)} />
      <DeliveryLog key={`d-${widgetId}`} widgetId={widgetId} refresh={queued} />
      <SalesforceForm key={`s-${widgetId}`} widgetId={widgetId} />
    </section>
  );
};
