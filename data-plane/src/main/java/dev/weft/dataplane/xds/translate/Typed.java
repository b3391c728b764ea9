package dev.weft.dataplane.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

/**
 * A {@code typed_config}: an {@code Any} holding the message itself, or a TypedStruct ({@code
 * xds.type.v3} or {@code udpa.type.v1}) whose {@code type_url} names the message and whose {@code
 * value} is its JSON form.
 */
final class Typed {
  private static final String XDS_TYPED_STRUCT = "xds.type.v3.TypedStruct";
  private static final String UDPA_TYPED_STRUCT = "udpa.type.v1.TypedStruct";

  private final String typeName;
  private final Any any;
  private final Struct json;

  private Typed(String typeName, Any any, Struct json) {
    this.typeName = typeName;
    this.any = any;
    this.json = json;
  }

  /**
   * What {@code any} holds; a TypedStruct that cannot be read is a problem at {@code path} (and
   * null).
   */
  static Typed of(Any any, String path, Problems problems) {
    String name = name(any.getTypeUrl());
    try {
      if (name.equals(XDS_TYPED_STRUCT)) {
        com.github.xds.type.v3.TypedStruct typed =
            any.unpack(com.github.xds.type.v3.TypedStruct.class);
        return new Typed(name(typed.getTypeUrl()), null, typed.getValue());
      }
      if (name.equals(UDPA_TYPED_STRUCT)) {
        com.github.udpa.udpa.type.v1.TypedStruct typed =
            any.unpack(com.github.udpa.udpa.type.v1.TypedStruct.class);
        return new Typed(name(typed.getTypeUrl()), null, typed.getValue());
      }
    } catch (InvalidProtocolBufferException e) {
      problems.add(path, "cannot read the " + name + ": " + e.getMessage());
      return null;
    }
    return new Typed(name, any, null);
  }

  /** The full name of the message type, {@code envoy.extensions.filters.http.router.v3.Router}. */
  String typeName() {
    return typeName;
  }

  boolean is(Message prototype) {
    return typeName.equals(prototype.getDescriptorForType().getFullName());
  }

  /** The message, or null after a problem at {@code path}. */
  <T extends Message> T unpack(T prototype, String path, Problems problems) {
    try {
      if (json == null) {
        @SuppressWarnings("unchecked")
        T message = (T) prototype.getParserForType().parseFrom(any.getValue());
        return message;
      }
      Message.Builder builder = prototype.newBuilderForType();
      JsonFormat.parser().merge(JsonFormat.printer().print(json), builder);
      @SuppressWarnings("unchecked")
      T message = (T) builder.build();
      return message;
    } catch (InvalidProtocolBufferException e) {
      problems.add(
          path,
          "cannot read it as "
              + typeName
              + (json == null ? "" : " (from a TypedStruct's JSON)")
              + ": "
              + e.getMessage());
      return null;
    }
  }

  private static String name(String typeUrl) {
    return typeUrl.substring(typeUrl.lastIndexOf('/') + 1);
  }
}
