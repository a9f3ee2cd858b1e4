// The client the MCP conformance suite runs (`conformance client --command …`): our McpToolServer,
// as the product uses it. The suite starts a test server for one scenario, appends its URL to the
// command and names the scenario in MCP_CONFORMANCE_SCENARIO; its checks watch what reaches the
// server. Run by test/tools/mcp-conformance.e2e-spec.ts, not by jest itself.
import { McpToolServer } from '@assistants/adapters/tools/mcp-tool-server';

/** Arguments for the tools the scenarios' servers list; any other tool is called with none. */
const ARGUMENTS: Record<string, Record<string, unknown>> = { add_numbers: { a: 2, b: 3 } };

async function main(url: string): Promise<void> {
  // The suite's servers listen on this machine.
  const server = await McpToolServer.connect({ transport: 'http', url }, { allowPrivateNetworks: true, timeoutMs: 10_000 });
  try {
    // As an assistant's turn does: list the tools, then call them. Each answer goes to stdout, one
    // JSON line per call, for the test to read back from the suite's results.
    for (const tool of await server.listTools()) {
      const output = await server.callTool(tool.name, ARGUMENTS[tool.name] ?? {});
      console.log(JSON.stringify({ tool: tool.name, ...output }));
    }
  } finally {
    await server.close();
  }
}

const url = process.argv[2];
if (!url) {
  console.error('usage: conformance-client.ts <server-url> (the conformance suite appends it)');
  process.exit(2);
}
main(url).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
