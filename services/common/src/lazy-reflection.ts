import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import type { PackageDefinition, ProtobufTypeDefinition } from '@grpc/proto-loader';

/** The reflection services grpcurl and `buf curl` ask, each with its one streaming method. */
const REFLECTION_METHODS = [
  '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
  '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
];

interface ReflectionMethod {
  definition: grpc.MethodDefinition<unknown, unknown>;
  handler: grpc.handleBidiStreamingCall<unknown, unknown>;
}

const passBytes = (bytes: Buffer): Buffer => bytes;

/**
 * Offers server reflection over the protos of `descriptorSet`, built at the first reflection
 * call: @grpc/reflection parses its own protos and ours when built, a tenth of a second that
 * every daemon start would pay for a service only debugging tools call. Until then each
 * method is registered as bytes in and out, and its calls are passed to the real one.
 */
export function addLazyReflection(
  server: grpc.Server,
  descriptorSet: string,
  serviceNames: string[],
): void {
  let methods: Map<string, ReflectionMethod> | null = null;
  const real = (path: string): ReflectionMethod => {
    methods ??= buildReflection(descriptorSet, serviceNames);
    const method = methods.get(path);
    if (!method) {
      throw new Error(`@grpc/reflection offers no ${path}`);
    }
    return method;
  };

  for (const path of REFLECTION_METHODS) {
    const definition = {
      ServerReflectionInfo: {
        path,
        requestStream: true,
        responseStream: true,
        requestSerialize: passBytes,
        requestDeserialize: passBytes,
        responseSerialize: passBytes,
        responseDeserialize: passBytes,
      },
    };
    const forward = (call: grpc.ServerDuplexStream<Buffer, Buffer>) =>
      forwardCall(call, real(path));
    server.addService(definition, { ServerReflectionInfo: forward });
  }
}

/**
 * Hands a call of raw messages to the real handler as a stream of decoded ones: the handler
 * listens for data and end, and writes and ends, which is all this stream offers.
 */
function forwardCall(
  call: grpc.ServerDuplexStream<Buffer, Buffer>,
  method: ReflectionMethod,
): void {
  const { definition, handler } = method;
  const decoded = Object.assign(new EventEmitter(), {
    write: (message: unknown) => call.write(definition.responseSerialize(message)),
    end: () => call.end(),
  });
  call.on('data', (bytes: Buffer) => decoded.emit('data', definition.requestDeserialize(bytes)));
  call.on('end', () => decoded.emit('end'));
  call.on('error', (error) => decoded.emit('error', error));
  handler(decoded as unknown as grpc.ServerDuplexStream<unknown, unknown>);
}

/** The reflection methods as @grpc/reflection would add them to a server, by path. */
function buildReflection(
  descriptorSet: string,
  serviceNames: string[],
): Map<string, ReflectionMethod> {
  // Loaded here, not at the top: loading them is part of what the first call pays for.
  const { ReflectionService } = require('@grpc/reflection') as typeof import('@grpc/reflection');
  const methods = new Map<string, ReflectionMethod>();
  const collector = {
    addService(service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation) {
      for (const [name, definition] of Object.entries(service)) {
        const handler = implementation[name] as grpc.handleBidiStreamingCall<unknown, unknown>;
        methods.set(definition.path, { definition, handler });
      }
    },
  };
  const reflection = new ReflectionService(reflectedFiles(descriptorSet), {
    services: serviceNames,
  });
  reflection.addToServer(collector as unknown as grpc.Server);
  return methods;
}

/**
 * Every proto file of the descriptor set as its own entry; reflection reads nothing of an entry
 * but its fileDescriptorProtos. proto-loader's own definitions merge all files of one package
 * into a single file, which makes `buf curl` fail to find a service in the file it is given.
 */
function reflectedFiles(descriptorSet: string): PackageDefinition {
  const { fromBinary, toBinary } =
    require('@bufbuild/protobuf') as typeof import('@bufbuild/protobuf');
  const wkt = require('@bufbuild/protobuf/wkt') as typeof import('@bufbuild/protobuf/wkt');
  const set = fromBinary(wkt.FileDescriptorSetSchema, fs.readFileSync(descriptorSet));
  const files: Record<string, ProtobufTypeDefinition> = {};
  for (const file of set.file) {
    files[file.name] = {
      format: 'FileDescriptorProto',
      type: {},
      fileDescriptorProtos: [Buffer.from(toBinary(wkt.FileDescriptorProtoSchema, file))],
    };
  }
  return files as PackageDefinition;
}
