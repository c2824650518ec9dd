export { protocolNames, type EncodeOptions, type GatewayReply, type GatewayRequest, type GatewayTool, type ProtocolName, type WireProtocol } from './gateway-types.ts';
export { startGateway, wireProtocols, type Gateway, type GatewayExchange, type GatewayResponder } from './gateway-server.ts';
export {
  cannedSideReply,
  createAgentResponder,
  exampleFromSchema,
  toolDefinitionsOf,
  transcriptOf,
  type AnsweredTurn,
  type ResponderState,
} from './agent-responder.ts';
export { exchangeToModelCall } from './record-exchange.ts';
export { GatewayRequestError } from './wire-util.ts';
export { openAIChatProtocol } from './protocols/openai-chat.ts';
export { openAIResponsesProtocol } from './protocols/openai-responses.ts';
export { anthropicMessagesProtocol } from './protocols/anthropic-messages.ts';
export { geminiProtocol } from './protocols/gemini-generate.ts';
