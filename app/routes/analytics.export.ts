/** Placeholder: built in this change. */
export function loader() {
  return new Response("not yet", { status: 404 });
}
