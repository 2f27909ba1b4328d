/** The SDK package's generated gRPC service definitions and messages (CommonJS, no types). */
declare module '@google-cloud/agones-sdk/lib/sdk_grpc_pb.js' {
  const services: Record<string, import('@grpc/grpc-js').ServiceDefinition>;
  export = services;
}
declare module '@google-cloud/agones-sdk/lib/beta/beta_grpc_pb.js' {
  const services: Record<string, import('@grpc/grpc-js').ServiceDefinition>;
  export = services;
}
declare module '@google-cloud/agones-sdk/lib/sdk_pb.js' {
  // biome-ignore lint/suspicious/noExplicitAny: generated protobuf classes
  const messages: any;
  export = messages;
}
declare module '@google-cloud/agones-sdk/lib/beta/beta_pb.js' {
  // biome-ignore lint/suspicious/noExplicitAny: generated protobuf classes
  const messages: any;
  export = messages;
}
declare module 'google-protobuf' {
  // biome-ignore lint/suspicious/noShadowRestrictedNames lint/suspicious/noExplicitAny: jspb's own Map class, untyped
  export const Map: any;
  // biome-ignore lint/suspicious/noExplicitAny: the runtime's encoders for generated code
  export const internal: any;
}
