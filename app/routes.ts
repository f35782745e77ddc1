import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("signup", "routes/signup.tsx"),
  route("login", "routes/login.tsx"),
  route("login/verify", "routes/login.verify.tsx"),
  route("logout", "routes/logout.tsx"),
  route("language", "routes/language.tsx"),
  route("tenants", "routes/tenants.tsx"),
  route("t/:tenant/join", "routes/join.tsx"),
  route("t/:tenant", "routes/tenant.tsx", [
    index("routes/tenant.dashboard.tsx"),
    route("profile", "routes/tenant.profile.tsx"),
    route("admin/members", "routes/admin.members.tsx"),
    route("admin/members/:memberId", "routes/admin.member.tsx"),
    route("admin/teams", "routes/admin.teams.tsx"),
    route("admin/settings", "routes/admin.settings.tsx"),
  ]),
  route("dev/mail", "routes/dev.mail.tsx"),
  route("dev/mail/:id", "routes/dev.mail.$id.tsx"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
