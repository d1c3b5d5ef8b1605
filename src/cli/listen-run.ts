import { fileURLToPath } from 'node:url';
import type { ListenConfig } from '../config/index.js';
import { compareFlowLogRecords } from '../flow/index.js';
import { FlowLogWriter, parseFlowLogFormat, DEFAULT_FLOW_LOG_FORMAT } from '../flowlog/index.js';
import { UdpListener, createPacketPool } from '../ingest/index.js';
import type { PacketPool } from '../ingest/index.js';
import { appendFileSync } from 'node:fs';
import { CloudWatchEmfEmitter, HealthServer, kernelUdpDrops, TcpHealthListener, buildEveStats, createLogger, createMirrorscopeMetrics, type StructuredLogger } from '../ops/index.js';
import { alertMessageFromEve } from '../output/protobuf/eve-alert-message.js';
import { ProtobufEventWriter } from '../output/protobuf/protobuf-writer.js';
import { EveWriter } from '../output/eve/index.js';
import { StreamingGates } from '../pipeline/alert-gates.js';
import { unalertedFlowLine } from '../pipeline/eve-record.js';
import type { PipelineLiveStats, PipelineSinkConfig, WorkerPipelineOutput } from '../pipeline/pipeline-sink.js';
import { loadEngine } from './load-engine.js';

/** Drain must finish within this; past it the process exits non-zero rather than hang a deployment. */
const DRAIN_TIMEOUT_MS = 30_000;

/** `mirrorscope listen` with its resolved configuration (listen-command.ts): runs until SIGTERM or SIGINT drains it. */
export async function runListen(cfg: ListenConfig): Promise<void> {
  const log = createLogger({ format: cfg.logFormat, level: cfg.logLevel });
  const metrics = createMirrorscopeMetrics({ workers: cfg.workers });
  const format = cfg.flowLogFormat ? parseFlowLogFormat(cfg.flowLogFormat) : DEFAULT_FLOW_LOG_FORMAT;
  // Rules load once here first: skipped rules are reported once, and an unreadable file stops start-up.
  const rules = cfg.rules.length > 0 ? loadEngine(cfg.rules, cfg.vars ?? undefined, (line) => log.warn('rule_skipped', { detail: line })) : null;
  if (rules) {
    metrics.rulesLoaded.set(rules.loaded);
    metrics.rulesFailed.set(rules.skipped);
    log.info('rules_loaded', { loaded: rules.loaded, skipped: rules.skipped, files: rules.files, ms: Math.round(rules.loadMs) });
  }
  const eve = cfg.eve ? await EveWriter.open(cfg.eve) : null;
  const flowLogs = cfg.flowLogOut ? await FlowLogWriter.open(cfg.flowLogOut, { format }) : null;
  const protobuf = cfg.protobuf ? await ProtobufEventWriter.open(cfg.protobuf) : null;
  const sinkConfig: PipelineSinkConfig = {
    rules: [...cfg.rules],
    ...(cfg.vars ? { vars: cfg.vars } : {}),
    ...(eve ? {} : { eveTypes: rules ? 'alert' : '' }),
    aggregationInterval: cfg.aggregationInterval,
    flowLogVersion: format.version,
    ...(cfg.sources ? { sourcesPath: cfg.sources } : {}),
    vxlanPorts: [cfg.port],
    genevePorts: [cfg.genevePort],
    pcapCounts: false,
    // Thresholds tracked by host count every worker's alerts: the main thread applies them as outputs arrive.
    deferHostThresholds: true,
    // Closed Flow Log records are built only for an output that writes them.
    flowLogRecords: flowLogs !== null || protobuf !== null,
  };
  const health = await HealthServer.start({ port: cfg.healthPort, host: cfg.host, renderMetrics: () => render() });
  let listener: UdpListener | null = null;
  // What the listener's factory built, and from which configuration: SIGHUP sends the rules to the same pool.
  let pool: PacketPool | null = null;
  let poolSinkConfig: PipelineSinkConfig = sinkConfig;
  const render = (): string => {
    if (listener) {
      const s = listener.stats();
      metrics.datagramsReceived.value = s.datagrams;
      metrics.bytesReceived.value = s.bytes;
      for (const [reason, n] of Object.entries(s.invalid)) metrics.datagramsInvalid.child(reason).value = n;
      metrics.packetsDropped.child('overload').value = s.dropped;
      const kernel = kernelUdpDrops([listener.ports.vxlan, ...(listener.ports.geneve !== null ? [listener.ports.geneve] : [])]);
      if (kernel !== null) metrics.packetsDropped.child('socket_buffer').value = kernel;
    }
    applyLive();
    return metrics.registry.render();
  };
  // Each worker sends its running totals with every drain; a restarted worker starts from zero, so totals are kept
  // per (worker, generation) and summed: counters never go backwards.
  const live = new Map<string, PipelineLiveStats>();
  const applyLive = () => {
    let packets = 0;
    let bytes = 0;
    let gaps = 0;
    let active = 0;
    const events: Record<string, number> = {};
    for (const [key, l] of live) {
      packets += l.packets;
      bytes += l.bytes;
      gaps += l.reassemblyGaps;
      if (key.endsWith(':current')) active += l.flowsActive;
      for (const [name, n] of Object.entries(l.decodeEvents)) events[name] = (events[name] ?? 0) + n;
    }
    metrics.packetsDecoded.value = packets;
    metrics.bytesDecoded.value = bytes;
    metrics.reassemblyGaps.value = gaps;
    metrics.flowsActive.set(active);
    for (const [name, n] of Object.entries(events)) metrics.decodeEvents.child(name.replace(/^decoder\./, '')).value = n;
  };
  const gates = new StreamingGates();
  const onOutput = (out: WorkerPipelineOutput) => {
    for (const r of out.eve) {
      if (!gates.pass(r)) continue;
      if (r.line.includes('"event_type":"alert"')) {
        metrics.alerts.value++;
        protobuf?.writeAlert(alertMessageFromEve(JSON.parse(r.line) as Record<string, unknown>, r.tsUs));
      }
      eve?.write(gates.flowAlerted(r) ? r.line : unalertedFlowLine(r.line));
    }
    // Live output: events reach the file with each batch rather than waiting for a full chunk.
    if (out.eve.length > 0) eve?.flush();
    if (out.flowLogRecords.length > 0) {
      for (const r of out.flowLogRecords.sort(compareFlowLogRecords)) {
        flowLogs?.write(r);
        protobuf?.writeFlowLog(r);
      }
      metrics.flowLogRecords.value += out.flowLogRecords.length;
      flowLogs?.flush();
    }
  };
  listener = await UdpListener.start({
    host: cfg.host,
    port: cfg.port,
    genevePort: cfg.genevePort,
    pool: async (ports) => {
      poolSinkConfig = { ...sinkConfig, vxlanPorts: [ports.vxlan], genevePorts: ports.geneve !== null ? [ports.geneve] : [] };
      pool = await createPacketPool({
        sinkModule: fileURLToPath(new URL('../pipeline/pipeline-sink.js', import.meta.url)),
        sinkConfig: poolSinkConfig,
        workers: cfg.workers,
        threads: cfg.workers >= 1,
        vxlanPorts: [ports.vxlan],
        genevePorts: ports.geneve !== null ? [ports.geneve] : [],
        onOutput: (o) => {
          const out = o.output as WorkerPipelineOutput;
          // The latest generation's flows are the live ones; older generations keep their final counts.
          for (const key of live.keys()) if (key.startsWith(`${o.worker}:`) && key.endsWith(':current') && !key.startsWith(`${o.worker}:${o.generation}:`)) {
            const old = live.get(key)!;
            live.delete(key);
            live.set(key.replace(':current', ':done'), old);
          }
          live.set(`${o.worker}:${o.generation}:current`, out.live);
          onOutput(out);
        },
        onEvent: (e) => {
          metrics.workerRestarts.value += e.type === 'worker_restarted' ? 1 : 0;
          log.error(e.type, { worker: e.worker, error: e.error, packets_lost: e.packetsLost });
        },
      });
      return pool;
    },
    onEvent: (e) => logListenerEvent(log, e as unknown as Record<string, unknown>),
  });
  const tcpHealth = await TcpHealthListener.start({ port: listener.ports.vxlan, host: cfg.host });
  // Periodic stats: an EVE `stats` event and, with --emf, CloudWatch embedded-metric-format lines the CloudWatch
  // agent turns into metrics and alarms.
  const emf = cfg.emf ? new CloudWatchEmfEmitter({ namespace: cfg.emfNamespace }) : null;
  const statsTimer =
    cfg.statsInterval > 0
      ? setInterval(() => {
          render();
          const snap = metrics.registry.snapshot();
          if (eve) {
            eve.write(buildEveStats(snap));
            eve.flush();
          }
          if (emf) {
            const lines = emf.lines(snap).join('');
            if (cfg.emf === '-') process.stdout.write(lines);
            else appendFileSync(cfg.emf!, lines);
          }
        }, cfg.statsInterval * 1000)
      : null;
  statsTimer?.unref();
  health.setState('ready');
  log.info('listening', { host: cfg.host, vxlan_port: listener.ports.vxlan, geneve_port: listener.ports.geneve, health_port: health.port, workers: cfg.workers });

  await new Promise<void>((resolve) => {
    let draining = false;
    /**
     * SIGHUP: the rules are checked here first (a bad file keeps the running rules everywhere), then every worker
     * swaps its engine between two packets of its stream, keeping flows, streams and flowbits. Reloads run one at
     * a time, so every worker goes through the same sequence of rule sets.
     */
    const reloadRules = async (): Promise<void> => {
      if (draining) {
        log.info('rules_reload_ignored', { reason: 'draining' });
        return;
      }
      if (cfg.rules.length === 0 || rules === null) {
        log.info('rules_reload_ignored', { reason: 'started without --rules' });
        return;
      }
      let next: ReturnType<typeof loadEngine>;
      try {
        next = loadEngine(cfg.rules, cfg.vars ?? undefined, (line) => log.warn('rule_skipped', { detail: line }));
      } catch (error) {
        metrics.ruleReloads.child('failure').value++;
        log.error('rules_reload_failed', { error: (error as Error).message, kept: 'previous rules' });
        return;
      }
      if (pool === null) return;
      let results: Awaited<ReturnType<PacketPool['reload']>>;
      try {
        results = await pool.reload(poolSinkConfig);
      } catch (error) {
        // POOL_CLOSED: a drain began while the rules loaded; the flows are being flushed under the old rules.
        log.info('rules_reload_ignored', { reason: (error as Error).message });
        return;
      }
      const workers = results.map((r) => ({ worker: r.worker, ok: r.ok, ...(r.loaded !== undefined ? { loaded: r.loaded } : {}), ...(r.error ? { error: r.error } : {}) }));
      if (results.every((r) => r.ok)) {
        metrics.rulesLoaded.set(next.loaded);
        metrics.rulesFailed.set(next.skipped);
        metrics.ruleReloads.child('success').value++;
        log.info('rules_reloaded', { loaded: next.loaded, skipped: next.skipped, files: next.files, ms: Math.round(next.loadMs), workers });
      } else {
        metrics.ruleReloads.child('failure').value++;
        log.error('rules_reload_failed', { error: results.find((r) => !r.ok)?.error ?? 'worker refused', kept: 'previous rules in the workers that failed', workers });
      }
    };
    let reloadChain: Promise<void> = Promise.resolve();
    const drain = async (signal: string) => {
      if (draining) return;
      draining = true;
      log.info('draining', { signal });
      health.setState('draining');
      const timer = setTimeout(() => {
        log.error('drain_timeout', { ms: DRAIN_TIMEOUT_MS });
        process.exit(1);
      }, DRAIN_TIMEOUT_MS);
      timer.unref();
      await tcpHealth.close();
      // Stops reading first, then lets every worker finish what it received and flush flows and windows.
      await listener!.close();
      if (statsTimer) clearInterval(statsTimer);
      await eve?.close();
      await flowLogs?.close();
      await protobuf?.close();
      await health.close();
      clearTimeout(timer);
      log.info('stopped', { datagrams: metrics.datagramsReceived.value, alerts: metrics.alerts.value });
      resolve();
    };
    process.once('SIGTERM', () => void drain('SIGTERM'));
    process.once('SIGINT', () => void drain('SIGINT'));
    process.on('SIGHUP', () => {
      reloadChain = reloadChain.then(reloadRules).catch((error: unknown) => log.error('rules_reload_failed', { error: String(error) }));
    });
  });
}

function logListenerEvent(log: StructuredLogger, e: Record<string, unknown>): void {
  const { type, ...rest } = e;
  if (type === 'recv_buffer' && rest.capped) log.warn('recv_buffer_capped', rest);
  else if (type === 'socket_error') log.error('socket_error', rest);
  else log.info(String(type), rest);
}
