package dev.weft.peers.sofa;

import com.alipay.remoting.InvokeContext;
import com.alipay.remoting.rpc.protocol.RpcRequestCommand;
import com.alipay.remoting.serialization.SerializerManager;
import com.alipay.sofa.rpc.codec.bolt.SofaRpcSerializationRegister;
import com.alipay.sofa.rpc.codec.sofahessian.SofaHessianSerializer;
import com.alipay.sofa.rpc.core.request.SofaRequest;
import com.alipay.sofa.rpc.core.response.SofaResponse;
import com.alipay.sofa.rpc.transport.ByteArrayWrapperByteBuf;
import java.nio.ByteBuffer;
import java.util.HashMap;

/**
 * Bolt v1 request frames built with SOFA's own serializers, so they carry exactly what SOFA RPC (a
 * {@code SofaRequest} with its header map, {@code service} included) or a plain Bolt client (a
 * Hessian2 {@code String}, no header) would send; only the request ID is the caller's choice.
 */
final class BoltFrames {
  static final int REQUEST_ID_OFFSET = 5;
  static final int RESPONSE_HEADER = 20;
  static final int REQUEST_HEADER = 22;

  static {
    new SofaRpcSerializationRegister().doRegisterCustomSerializer();
  }

  private BoltFrames() {}

  /** A SOFA RPC call of {@code EchoService.echo(token)} on {@code service}. */
  static byte[] sofaEcho(String service, String token, int timeoutMs) throws Exception {
    SofaRequest request = new SofaRequest();
    request.setInterfaceName(EchoService.class.getName());
    request.setTargetServiceUniqueName(service);
    request.setMethodName("echo");
    request.setMethodArgSigs(new String[] {String.class.getName()});
    request.setMethodArgs(new Object[] {token});
    request.setSerializeType((byte) 1);
    request.setInvokeType("sync");
    request.setTimeout(timeoutMs);
    RpcRequestCommand command = new RpcRequestCommand(request);
    command.setRequestClass(SofaRequest.class.getName());
    command.setSerializer(SerializerManager.Hessian2);
    command.setTimeout(timeoutMs);
    command.setInvokeContext(new InvokeContext());
    command.serialize();
    return frame(command.getClazz(), command.getHeader(), command.getContent(), timeoutMs);
  }

  /** A plain Bolt call with a Hessian2 {@code String} and no header map. */
  static byte[] plainString(String token, int timeoutMs) throws Exception {
    byte[] content = SerializerManager.getSerializer(SerializerManager.Hessian2).serialize(token);
    return frame(String.class.getName().getBytes("UTF-8"), null, content, timeoutMs);
  }

  private static byte[] frame(byte[] clazz, byte[] header, byte[] content, int timeoutMs) {
    int classLen = clazz == null ? 0 : clazz.length;
    int headerLen = header == null ? 0 : header.length;
    int contentLen = content == null ? 0 : content.length;
    ByteBuffer frame = ByteBuffer.allocate(REQUEST_HEADER + classLen + headerLen + contentLen);
    frame.put((byte) 1); // protocol code: Bolt v1
    frame.put((byte) 1); // type: request
    frame.putShort((short) 1); // command code: RPC request
    frame.put((byte) 1); // command version
    frame.putInt(0); // request ID, set per send
    frame.put(SerializerManager.Hessian2);
    frame.putInt(timeoutMs);
    frame.putShort((short) classLen);
    frame.putShort((short) headerLen);
    frame.putInt(contentLen);
    if (clazz != null) {
      frame.put(clazz);
    }
    if (header != null) {
      frame.put(header);
    }
    if (content != null) {
      frame.put(content);
    }
    return frame.array();
  }

  /** The reply a SOFA RPC response's content holds (its app response, or its error message). */
  static String sofaReply(byte[] content) throws Exception {
    SofaResponse response = new SofaResponse();
    new SofaHessianSerializer()
        .decode(new ByteArrayWrapperByteBuf(content), response, new HashMap<>());
    return response.isError()
        ? "error:" + response.getErrorMsg()
        : String.valueOf(response.getAppResponse());
  }

  /** What an error response carries: its class and, when it decodes, its message. */
  static String errorText(byte[] clazz, byte[] content) {
    String className = new String(clazz, java.nio.charset.StandardCharsets.UTF_8);
    if (content.length == 0) {
      return "(no body" + (className.isEmpty() ? "" : ", class " + className) + ")";
    }
    try {
      Object body =
          SerializerManager.getSerializer(SerializerManager.Hessian2)
              .deserialize(content, className);
      if (body instanceof SofaResponse) {
        return "SofaResponse: " + ((SofaResponse) body).getErrorMsg();
      }
      return body instanceof Throwable ? describe((Throwable) body) : String.valueOf(body);
    } catch (Exception e) {
      return "(a " + content.length + "-byte " + className + " body that does not decode)";
    }
  }

  private static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      text.append(text.length() == 0 ? "" : " <- ").append(e);
    }
    return text.toString().replace('\n', ' ');
  }

  /** The {@code String} a plain Bolt response's content holds. */
  static String plainReply(byte[] content) throws Exception {
    return SerializerManager.getSerializer(SerializerManager.Hessian2)
        .deserialize(content, String.class.getName());
  }
}
