/**
 * /dashboard/api/users (admin only): list accounts, create admin or agent accounts, disable or
 * reset a password. An agent account is tied to a row of the relay's `agents` table (one from the
 * site config, or a new one created here) — that row is what escalation routing picks.
 */
import { asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { AgentExpertise } from "@parley/protocol";
import { agents } from "../db/schema";
import { dashboardAuthSessions, dashboardUsers } from "../db/schema-dashboard";
import { badRequest, conflict, notFound } from "../http/errors";
import { newId } from "../ids";
import { requireLogin, type DashboardEnv } from "./auth";
import { Username } from "./auth-routes";
import type { DashboardDeps } from "./deps";
import { readJson } from "./http";
import { hashPassword, passwordProblem } from "./passwords";

export const CreateUser = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1).max(80),
  password: z.string().max(200),
  role: z.enum(["admin", "agent"]),
  /** Link to an existing agents row … */
  agentId: z.string().max(64).optional(),
  /** … or create one on this site with this expertise. */
  siteId: z.string().max(64).optional(),
  expertise: z.array(AgentExpertise).min(1).max(4).optional(),
});

export const PatchUser = z.strictObject({
  disabled: z.boolean().optional(),
  password: z.string().max(200).optional(),
});

export function userRoutes(deps: DashboardDeps) {
  const { store, now } = deps.ctx;
  const app = new Hono<DashboardEnv>();
  app.use("*", requireLogin(deps, ["admin"]));

  app.get("/", async (c) => {
    const rows = await store.read((db) =>
      db
        .select({
          id: dashboardUsers.id,
          username: dashboardUsers.username,
          displayName: dashboardUsers.displayName,
          role: dashboardUsers.role,
          agentId: dashboardUsers.agentId,
          disabled: dashboardUsers.disabled,
          createdAt: dashboardUsers.createdAt,
        })
        .from(dashboardUsers)
        .orderBy(asc(dashboardUsers.username)),
    );
    const agentRows = await store.read((db) => db.select().from(agents).orderBy(asc(agents.name)));
    return c.json({ users: rows, agents: agentRows });
  });

  app.post("/", async (c) => {
    const body = await readJson(c, CreateUser);
    const problem = passwordProblem(body.password);
    if (problem) throw badRequest(problem, "weak_password");
    if (body.role === "agent" && !body.agentId && !(body.siteId && body.expertise)) {
      throw badRequest("an agent account needs agentId, or siteId and expertise for a new agent");
    }
    if (body.siteId && !deps.ctx.sites.has(body.siteId))
      throw badRequest(`unknown site "${body.siteId}"`, "unknown_site");
    const hash = await hashPassword(body.password);
    const id = newId("usr");
    const agentId = await store.write(async (tx) => {
      const [taken] = await tx
        .select({ id: dashboardUsers.id })
        .from(dashboardUsers)
        .where(eq(dashboardUsers.username, body.username));
      if (taken) throw conflict(`username "${body.username}" is taken`, "username_taken");
      let linked: string | null = null;
      const t = now();
      if (body.agentId) {
        const [agent] = await tx
          .select({ id: agents.id })
          .from(agents)
          .where(eq(agents.id, body.agentId));
        if (!agent) throw badRequest(`no agent "${body.agentId}"`, "unknown_agent");
        linked = agent.id;
      } else if (body.siteId && body.expertise) {
        linked = newId("agt");
        await tx.insert(agents).values({
          id: linked,
          siteId: body.siteId,
          name: body.displayName,
          status: "away",
          expertise: body.expertise,
          updatedAt: t,
        });
      }
      await tx.insert(dashboardUsers).values({
        id,
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        passwordHash: hash,
        agentId: linked,
        createdAt: t,
        updatedAt: t,
      });
      return linked;
    });
    return c.json({ id, agentId }, 201);
  });

  app.patch("/:id", async (c) => {
    const body = await readJson(c, PatchUser);
    if (body.password !== undefined) {
      const problem = passwordProblem(body.password);
      if (problem) throw badRequest(problem, "weak_password");
    }
    const hash = body.password !== undefined ? await hashPassword(body.password) : undefined;
    const id = c.req.param("id");
    await store.write(async (tx) => {
      const [user] = await tx
        .select({ id: dashboardUsers.id })
        .from(dashboardUsers)
        .where(eq(dashboardUsers.id, id));
      if (!user) throw notFound("no such user");
      await tx
        .update(dashboardUsers)
        .set({
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          ...(hash ? { passwordHash: hash } : {}),
          updatedAt: now(),
        })
        .where(eq(dashboardUsers.id, id));
      // A disabled account or a new password ends every open login of that user.
      if (body.disabled || hash)
        await tx.delete(dashboardAuthSessions).where(eq(dashboardAuthSessions.userId, id));
    });
    return c.json({ ok: true });
  });

  return app;
}
