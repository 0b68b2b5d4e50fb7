import { KioskError, type CallName, type DeviceStatus } from '../../contract/index.ts';
import type { idcardCalls, IdCardData } from '../../contract/idcard.ts';
import type { IdCard } from '../../../drivers/idcard/card-text.ts';
import { IdCardReaderService, type ReaderState } from '../../../drivers/idcard/reader-service.ts';
import { SamSimulator, simulatorOpener, type SimFault } from '../../../drivers/idcard/simulator.ts';
import { SAM_USB, samUsbSplit } from '../../../drivers/idcard/usb-framing.ts';
import { realClock } from '../../../drivers/transport/clock.ts';
import type { LinkOpener } from '../../../drivers/transport/link.ts';
import { ReconnectingTransport } from '../../../drivers/transport/reconnecting-transport.ts';
import { serialOpener } from '../../../drivers/transport/serial-link.ts';
import { tcpOpener } from '../../../drivers/transport/tcp-link.ts';
import { usbOpener } from '../../../drivers/transport/usb-link.ts';
import { hidOpener } from '../../../drivers/transport/hid-link.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import type { IdcardConfig } from './idcard-config.ts';

type IdcardCallName = keyof typeof idcardCalls & CallName;

export interface IdcardFeature extends Feature<IdcardCallName> {
  /** The in-process simulator in demo mode (null with a real reader). */
  readonly simulator: SamSimulator | null;
  readonly service: IdCardReaderService | null;
}

export interface IdcardFeatureOptions {
  /** Tests: use this link instead of the one the configuration names. */
  opener?: LinkOpener;
}

/** Contract form of a card: everything the renderer may show, never the photo bytes. */
export function toContractCard(card: IdCard, photo: Uint8Array): IdCardData {
  return {
    cardType: card.cardType,
    name: card.name,
    nameEn: card.nameEn,
    genderCode: card.genderCode,
    gender: card.gender,
    ethnicityCode: card.ethnicityCode,
    ethnicity: card.ethnicity,
    birthDate: card.birthDate,
    address: card.address,
    idNumber: card.idNumber,
    authority: card.authority,
    authorityCode: card.authorityCode,
    validFrom: card.validFrom,
    validUntil: card.validUntil,
    longTerm: card.longTerm,
    nationality: card.nationality,
    passNumber: card.passNumber,
    issueCount: card.issueCount,
    cardVersion: card.cardVersion,
    hasPhoto: photo.length > 0,
  };
}

function openerFor(cfg: IdcardConfig): { open: LinkOpener; description: string; baud: number | null } | null {
  switch (cfg.transport) {
    case 'serial':
      if (!cfg.port) return null;
      return {
        open: serialOpener({ path: cfg.port, baudRate: cfg.baudRate }),
        description: `serial ${cfg.port}@${cfg.baudRate}`,
        baud: cfg.baudRate,
      };
    case 'tcp': {
      const m = /^tcp:\/\/([^:/]+):(\d{1,5})$/.exec(cfg.port ?? '');
      if (!m) return null;
      return {
        open: tcpOpener({ host: m[1]!, port: Number(m[2]) }),
        description: `tcp ${m[1]}:${m[2]}`,
        baud: null,
      };
    }
    case 'usb':
      return {
        open: usbOpener({
          vendorId: cfg.usb.vendorId,
          productId: cfg.usb.productId,
          inEndpoints: [...SAM_USB.in],
          splitWrite: samUsbSplit(cfg.usb.framing),
        }),
        description: `usb ${cfg.usb.vendorId.toString(16)}:${cfg.usb.productId.toString(16)}`,
        baud: null,
      };
    case 'hid':
      return {
        open: hidOpener({
          ...(cfg.hid.path ? { path: cfg.hid.path } : {}),
          ...(cfg.hid.vendorId !== null ? { vendorId: cfg.hid.vendorId } : {}),
          ...(cfg.hid.productId !== null ? { productId: cfg.hid.productId } : {}),
          framing: {
            reportId: cfg.hid.reportId,
            reportSize: cfg.hid.reportSize,
            lengthPrefix: cfg.hid.lengthPrefix,
            inReportIdPrefix: cfg.hid.inReportIdPrefix,
          },
        }),
        description: `hid ${cfg.hid.path ?? `${cfg.hid.vendorId}:${cfg.hid.productId}`}`,
        baud: null,
      };
  }
}

const deviceStates: Record<ReaderState | 'absent', Pick<DeviceStatus, 'state' | 'messageKey'>> = {
  stopped: { state: 'absent', messageKey: 'idcard.disconnected' },
  absent: { state: 'absent', messageKey: 'idcard.disconnected' },
  connecting: { state: 'disconnected', messageKey: 'idcard.disconnected' },
  disconnected: { state: 'disconnected', messageKey: 'idcard.disconnected' },
  ready: { state: 'ready', messageKey: 'device.ready' },
  watching: { state: 'busy', messageKey: 'idcard.prompt' },
  fault: { state: 'fault', messageKey: 'idcard.samFault' },
};

/**
 * Runs the ID card reader from configuration (or the simulator in demo mode) and turns its events into
 * contract events and DeviceRegistry status. Card data is held in memory for the current session only
 * and dropped by the session wipe hook; it is never logged. Driver timing uses the wall clock, not the
 * core's injectable clock, because bytes from a device arrive in real time.
 */
export function createIdcardFeature(deps: CoreDeps, opts: IdcardFeatureOptions = {}): IdcardFeature {
  const cfg = (deps.config as { idcard?: IdcardConfig }).idcard;
  const simulated = deps.config.devices.mode === 'simulated';
  const deviceId = simulated ? 'idcard-sim' : 'idcard';
  const simulator = simulated ? new SamSimulator({ byteTiming: cfg?.simulatorByteTiming ?? true }) : null;
  const link = opts.opener
    ? { open: opts.opener, description: 'injected link', baud: null }
    : simulator
      ? { open: simulatorOpener(simulator), description: 'simulated reader', baud: 115200 }
      : cfg
        ? openerFor(cfg)
        : null;
  const service = link
    ? new IdCardReaderService({
        transport: new ReconnectingTransport({
          open: link.open,
          description: link.description,
          clock: realClock,
        }),
        clock: realClock,
        baudRate: link.baud,
        pollIntervalMs: cfg?.pollIntervalMs ?? 250,
        absentPolls: cfg?.absentPolls ?? 2,
        withFingerprints: cfg?.withFingerprints ?? false,
      })
    : null;
  let current: { sessionId: string; card: IdCardData; photo: Uint8Array } | null = null;

  const report = (state: ReaderState | 'absent', detail: string): void => {
    deps.devices.report({
      id: deviceId,
      kind: 'idcard',
      simulated,
      detail: detail.slice(0, 200),
      ...deviceStates[state],
    });
  };
  const status = () => ({
    deviceId,
    simulated,
    state: service ? service.state : ('absent' as const),
    watching: service?.isWatching ?? false,
  });
  const needSim = (): SamSimulator => {
    if (!simulator) {
      throw new KioskError(
        'rejected',
        'card simulation needs devices.mode "simulated"',
        'idcard.notSimulated',
      );
    }
    return simulator;
  };

  if (service) {
    service.on('state', ({ state, detail }) => report(state, detail));
    service.on('card-inserted', () => deps.bus.emit('idcard.inserted', {}));
    service.on('card-removed', () => deps.bus.emit('idcard.removed', {}));
    service.on('fault', (f) => {
      deps.log.warn({ device: deviceId, kind: f.kind, detail: f.detail }, 'id card reader fault');
      deps.bus.emit('idcard.fault', {
        kind: f.kind,
        messageKey: f.messageKey,
        detail: f.detail.slice(0, 500),
      });
    });
    service.on('card-read', (r) => {
      const card = toContractCard(r.card, r.photo);
      const session = deps.sessions.current();
      // Kept only for the session that asked; the wipe hook drops it.
      current = session ? { sessionId: session.id, card, photo: r.photo } : null;
      deps.log.info({ device: deviceId, cardType: card.cardType }, 'id card read');
      deps.bus.emit('idcard.read', { card });
    });
  }
  const offWipe = deps.sessions.onWipe(() => {
    if (current) current.photo.fill(0);
    current = null;
    service?.watch(false);
  });

  return {
    simulator,
    service,
    start() {
      if (!service) {
        report('absent', 'no ID card reader configured (idcard.port / idcard.transport)');
        return;
      }
      report('connecting', link?.description ?? '');
      service.start();
    },
    async close() {
      offWipe();
      current = null;
      await service?.stop();
    },
    handlers: {
      'idcard.watch': ({ on }) => {
        if (!service)
          throw new KioskError('disconnected', 'no ID card reader configured', 'idcard.disconnected');
        service.watch(on);
        return status();
      },
      'idcard.status': () => status(),
      'idcard.current': () => {
        const s = deps.sessions.current();
        return { card: current && s && current.sessionId === s.id ? current.card : null };
      },
      'idcard.simulate.deck': () => {
        const sim = needSim();
        return {
          cards: sim.deck.map((c, index) => ({ index, label: c.label, cardType: c.card.cardType })),
          inserted: sim.cardIndex,
          fault: sim.fault,
        };
      },
      'idcard.simulate.insert': ({ card }) => {
        const sim = needSim();
        if (card >= sim.deck.length) {
          throw new KioskError('bad-request', `no demo card ${card} (0..${sim.deck.length - 1})`);
        }
        const c = sim.insert(card);
        return { inserted: card, label: c.label };
      },
      'idcard.simulate.remove': () => {
        const sim = needSim();
        const was = sim.cardIndex !== null;
        sim.remove();
        return { removed: was };
      },
      'idcard.simulate.fault': ({ fault }) => {
        needSim().setFault(fault as SimFault);
        return { fault };
      },
    },
  };
}
