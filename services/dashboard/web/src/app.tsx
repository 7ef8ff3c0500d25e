import { roleAtLeast } from '@guildwire/contracts';
import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch, useParams } from 'wouter';
import { GuildPicker } from './guilds/guild-picker.js';
import { ErrorBoundary, Loading } from './ui/error-box.js';
import { GuildLayout, TopBar, useGuild } from './ui/guild-layout.js';
import { Toasts } from './ui/toasts.js';

// Each section loads as its own chunk: the first page ships only what it shows.
const TicketListPage = lazy(() => import('./tickets/ticket-list-page.js'));
const TicketDetailPage = lazy(() => import('./tickets/ticket-detail-page.js'));
const SettingsPage = lazy(() => import('./settings/settings-page.js'));
const PanelsPage = lazy(() => import('./panels/panels-page.js'));
const TagsPage = lazy(() => import('./tags/tags-page.js'));
const BlacklistPage = lazy(() => import('./blacklist/blacklist-page.js'));
const GiveawayListPage = lazy(() => import('./giveaways/giveaway-list-page.js'));
const GiveawayDetailPage = lazy(() => import('./giveaways/giveaway-detail-page.js'));
const VerifyDrawPage = lazy(() => import('./giveaways/verify-draw-page.js'));
const OverviewPage = lazy(() => import('./overview/overview-page.js'));

/** Members start on their tickets; staff and admins on the overview. */
function GuildHome() {
  const guild = useGuild();
  if (!roleAtLeast(guild.role, 'staff')) return <Redirect to={`/g/${guild.id}/tickets`} replace />;
  return <OverviewPage />;
}

function GuildArea() {
  const { guildId } = useParams<{ guildId: string }>();
  return (
    <GuildLayout guildId={guildId}>
      <ErrorBoundary resetKey={guildId}>
        <Suspense fallback={<Loading what="the page" />}>
          <Switch>
            <Route path="/g/:guildId" component={GuildHome} />
            <Route path="/g/:guildId/tickets" component={TicketListPage} />
            <Route path="/g/:guildId/tickets/:ticketId" component={TicketDetailPage} />
            <Route path="/g/:guildId/panels" component={PanelsPage} />
            <Route path="/g/:guildId/tags" component={TagsPage} />
            <Route path="/g/:guildId/blacklist" component={BlacklistPage} />
            <Route path="/g/:guildId/giveaways" component={GiveawayListPage} />
            <Route path="/g/:guildId/giveaways/:giveawayId" component={GiveawayDetailPage} />
            <Route path="/g/:guildId/giveaways/:giveawayId/verify" component={VerifyDrawPage} />
            <Route path="/g/:guildId/settings/:module?" component={SettingsPage} />
            <Route>
              <p>This page does not exist.</p>
            </Route>
          </Switch>
        </Suspense>
      </ErrorBoundary>
    </GuildLayout>
  );
}

/** The routes: the guild picker, a guild's pages, and a not-found page. */
export function App() {
  return (
    <>
      <ErrorBoundary>
        <Switch>
          <Route path="/">
            <TopBar />
            <GuildPicker />
          </Route>
          <Route path="/g/:guildId/*?" component={GuildArea} />
          <Route>
            <TopBar />
            <main className="page">
              <p>This page does not exist.</p>
            </main>
          </Route>
        </Switch>
      </ErrorBoundary>
      <Toasts />
    </>
  );
}
