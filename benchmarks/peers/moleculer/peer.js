// Moleculer 0.14 side of benchmarks/peers/run.sh: `node peer.js server|client amqp|tcp [inflight seconds warmup]`.
// A server runs greeter.hello; a client runs one level of calls in flight and prints one JSON line like the others.
"use strict";
const fs = require("fs");
const { ServiceBroker } = require("moleculer");

const [role, kind, inflightArg, secondsArg, warmupArg] = process.argv.slice(2);
const uri = process.env.AMQP_URI || "amqp://guest:guest@127.0.0.1:5672";
const SERVER_PORT = 6101;
const CLIENT_PORT = 6102;

function transporter() {
	if (kind === "amqp") {
		// Its defaults (prefetch 1, Nagle on) give tens of calls/s; this is Moleculer at its best on RabbitMQ.
		return { type: "AMQP", options: { url: uri, prefetch: 256, socketOptions: { noDelay: true } } };
	}
	return {
		type: "TCP",
		options: {
			udpDiscovery: false,
			port: role === "server" ? SERVER_PORT : CLIENT_PORT,
			urls: [`127.0.0.1:${SERVER_PORT}/peer-server`, `127.0.0.1:${CLIENT_PORT}/peer-client`]
		}
	};
}

const broker = new ServiceBroker({
	nodeID: role === "server" ? "peer-server" : "peer-client",
	namespace: "peer-" + kind,
	transporter: transporter(),
	logLevel: "warn",
	requestTimeout: 60000
});

function brokerCpuTicks() {
	const pid = process.env.BEAM_PID;
	if (!pid) return -1;
	const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
	const fields = stat.substring(stat.lastIndexOf(")") + 2).split(" ");
	return Number(fields[11]) + Number(fields[12]);
}

function closedLoop(inflight, millis) {
	return new Promise(resolve => {
		const latencies = [];
		let errors = 0;
		let outstanding = inflight;
		const start = process.hrtime.bigint();
		const end = start + BigInt(millis) * 1000000n;
		const issue = () => {
			const sent = process.hrtime.bigint();
			broker.call("greeter.hello", { name: "Matt" }).then(
				() => latencies.push(Number(process.hrtime.bigint() - sent) / 1000),
				() => errors++
			).then(() => {
				const now = process.hrtime.bigint();
				if (now < end) {
					issue();
				} else if (--outstanding === 0) {
					resolve({ latencies, errors, seconds: Number(now - start) / 1e9 });
				}
			});
		};
		for (let i = 0; i < inflight; i++) issue();
	});
}

async function main() {
	if (role === "server") {
		broker.createService({
			name: "greeter",
			actions: { hello(ctx) { return `Hello, ${ctx.params.name}!`; } }
		});
		await broker.start();
		console.log("ready");
		return;
	}
	const inflight = Number(inflightArg || 64);
	await broker.start();
	await broker.waitForServices(["greeter"]);
	await closedLoop(inflight, Number(warmupArg || 3) * 1000);
	const before = brokerCpuTicks();
	const w = await closedLoop(inflight, Number(secondsArg || 5) * 1000);
	const ticks = brokerCpuTicks() - before;
	w.latencies.sort((a, b) => a - b);
	const calls = w.latencies.length;
	console.log(JSON.stringify({
		system: "moleculer-" + kind,
		inflight,
		per_second: calls / w.seconds,
		p50_us: Math.round(w.latencies[Math.floor(calls / 2)]),
		errors: w.errors,
		broker_cpu_us_per_call: before < 0 || kind === "tcp" ? null : ticks * 10000 / calls
	}));
	await broker.stop();
	process.exit(0);
}

main().catch(e => { console.error(e); process.exit(1); });
