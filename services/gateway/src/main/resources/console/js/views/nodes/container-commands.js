// Container commands through the deployment service: the API waits a few seconds for the agent's reply and answers
// 200 with the answered command, or 202 with the command still unanswered; then the command is polled, bounded.
import { get, post, tenantPath, query } from '../../core/api.js';

const UNANSWERED = ['PENDING', 'SENT'];
const POLL_MS = 1000;
const GIVE_UP_MS = 60000;

function containerPath(endpointId, container) {
  return tenantPath(`/endpoints/${encodeURIComponent(endpointId)}/containers/${encodeURIComponent(container)}`);
}

/** Waits for a command's answer; resolves to the command (status SUCCEEDED, FAILED, NOT_FOUND, EXPIRED, ...). */
async function answered(command) {
  const deadline = Date.now() + GIVE_UP_MS;
  let current = command;
  while (UNANSWERED.includes(current.status) && Date.now() < deadline) {
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
    current = await get(tenantPath(`/commands/${encodeURIComponent(current.id)}`));
  }
  return current;
}

/** start, stop, kill, restart, pause, resume or remove; resolves to the answered command. */
export async function containerAction(endpointId, container, action, args) {
  return answered(await post(`${containerPath(endpointId, container)}/actions/${action}`, args));
}

/** The container's last lines: resolves to the answered command, reply.output.lines when it succeeded. */
export async function containerLogs(endpointId, container, tail) {
  return answered(await get(`${containerPath(endpointId, container)}/logs${query({ tail })}`));
}

/** Docker's inspect document in reply.output when it succeeded. */
export async function containerInspect(endpointId, container) {
  return answered(await get(`${containerPath(endpointId, container)}/inspect`));
}

/** What the agent said when a command did not succeed. */
export function commandDetail(command) {
  return command.reply?.detail || command.status;
}
