import type { DeviceStatus } from '../../contract/index.ts';
import type { EventBus } from '../events/event-bus.ts';

/**
 * The core's view of every peripheral. Drivers report into it; the renderer and health telemetry
 * read from it. A change is pushed as a device.status event only when something actually changed.
 */
export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceStatus>();
  private readonly bus: EventBus;

  constructor(bus: EventBus) {
    this.bus = bus;
  }

  report(status: DeviceStatus): void {
    const prev = this.devices.get(status.id);
    this.devices.set(status.id, status);
    if (
      !prev ||
      prev.state !== status.state ||
      prev.messageKey !== status.messageKey ||
      prev.detail !== status.detail
    ) {
      this.bus.emit('device.status', status);
    }
  }

  list(): DeviceStatus[] {
    return [...this.devices.values()];
  }
}

/** Demo mode: the simulated reader and printer stand in until real ones are configured. */
export function registerDemoDevices(registry: DeviceRegistry): void {
  registry.report({
    id: 'idcard-sim',
    kind: 'idcard',
    state: 'ready',
    simulated: true,
    messageKey: 'device.ready',
    detail: 'simulated ID card reader',
  });
  registry.report({
    id: 'printer-sim',
    kind: 'printer',
    state: 'ready',
    simulated: true,
    messageKey: 'device.ready',
    detail: 'simulated receipt printer',
  });
}
