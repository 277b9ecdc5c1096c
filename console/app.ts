import { showBench } from './bench.ts';
import { JobsTab } from './jobs.ts';
import { apiBase, loadConfig } from './lib/config.ts';
import { byId, errorMessage } from './lib/dom.ts';
import { PredictTab } from './predict.ts';
import { UploadTab } from './upload.ts';

/**
 * The console's entry (bundled by the local stack with esbuild: local/console/serve-console.ts). It reads everything
 * through the API routes and the AWS edge, as a user's own client would.
 */

/** WAI-ARIA tabs: click or arrow keys move between them; only the selected tab is in the tab order. */
function setUpTabs(tablist: HTMLElement, onSelect: (id: string) => void = () => undefined): void {
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (tab: HTMLButtonElement, focus: boolean): void => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      byId(other.getAttribute('aria-controls')!).hidden = !selected;
    }
    if (focus) tab.focus();
    onSelect(tab.id);
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      select(tabs[(index + step + tabs.length) % tabs.length]!, true);
    });
  });
}

async function main(): Promise<void> {
  const config = await loadConfig();
  byId('endpoints').textContent =
    `API ${apiBase()} · AWS edge ${config.edgeUrl} (region ${config.region}) · input bucket ${config.buckets.input}, output bucket ${config.buckets.output}`;
  const jobs = new JobsTab(config);
  const upload = new UploadTab(config, jobs);
  const predict = new PredictTab(config);
  byId('api-key-field').hidden = config.apiAuth !== 'apikey';
  let benchShown = false;
  setUpTabs(document.querySelector('nav [role="tablist"]')!, (id) => {
    if (id === 'tab-bench' && !benchShown) {
      benchShown = true;
      void showBench();
    }
  });
  setUpTabs(document.querySelector('.subtabs')!);
  jobs.start();
  upload.start();
  predict.start();
  // For the browser test and the curious: the page's own upload, driven with any Blob (console/README in the test).
  (window as unknown as { consoleUpload: UploadTab }).consoleUpload = upload;
}

main().catch((error: unknown) => {
  byId('endpoints').textContent = `The console could not start: ${errorMessage(error)}`;
});
