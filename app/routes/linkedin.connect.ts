export function loader() {
  return new Response("not implemented", { status: 501 });
}
