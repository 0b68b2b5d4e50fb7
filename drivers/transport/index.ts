export * from './link.ts';
export * from './backoff.ts';
export * from './clock.ts';
export { ReconnectingTransport, type ReconnectingTransportOptions } from './reconnecting-transport.ts';
export { serialOpener, type SerialOptions } from './serial-link.ts';
export { tcpOpener, type TcpOptions } from './tcp-link.ts';
export * from './usb-link.ts';
export * from './hid-link.ts';
export { createPtyPair, type PtyPair, type PtyPairOptions } from './pty-pair.ts';
