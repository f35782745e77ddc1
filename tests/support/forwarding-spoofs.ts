/**
 * Headers that claim the client is this machine: each once read the development outbox (adversary
 * report, finding 2). A forwarding header of any kind must make /dev/mail refuse, whatever it names.
 */
export const LOOPBACK_SPOOFS: Record<string, string>[] = [
  { "X-Forwarded-For": "127.0.0.1" },
  { "X-Forwarded-For": "8.8.8.8, ::1" },
  { "Fly-Client-IP": "127.0.0.1" },
  { "X-Real-IP": "127.0.0.1" },
  { Forwarded: "for=127.0.0.1" },
  { "CF-Connecting-IP": "127.0.0.1" },
  { "X-Forwarded-Host": "localhost:3000" },
];
