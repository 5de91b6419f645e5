/** Which sites the dashboard shows, with what each page needs (company, timezone). */
import type { SiteConfig } from "@parley/protocol";
import { badRequest } from "../http/errors";
import type { DashboardDeps } from "./deps";

export interface SiteSummary {
  id: string;
  company: string;
  timezone: string;
}

export function siteSummaries(deps: DashboardDeps): SiteSummary[] {
  return [...deps.ctx.sites.values()].map((s) => ({
    id: s.id,
    company: s.company,
    timezone: s.timezone,
  }));
}

/** The `?site=` of a request, or the only/first site. Unknown ids are a 400. */
export function pickSite(deps: DashboardDeps, requested: string | undefined): SiteConfig {
  if (requested) {
    const site = deps.ctx.sites.get(requested);
    if (!site) throw badRequest(`unknown site "${requested.slice(0, 60)}"`, "unknown_site");
    return site;
  }
  const first = deps.ctx.sites.values().next();
  if (first.done) throw badRequest("this relay serves no site", "unknown_site");
  return first.value;
}
