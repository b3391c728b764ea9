package dev.weft.dataplane.proxy;

import dev.weft.dataplane.accesslog.AccessLog;
import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.extension.UnknownNameException;
import dev.weft.dataplane.network.ListenerContext;
import dev.weft.dataplane.network.NetworkFilter;
import dev.weft.dataplane.network.NetworkFilterFactory;
import dev.weft.dataplane.network.Timeouts;
import dev.weft.dataplane.protocol.ProtocolSelector;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stream.StreamFilterFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code proxy} network filter: MOSN's L7 proxy. Parses its config, and for each listener
 * installs protocol detection and the chosen codec, with a {@link DownstreamRequest} per stream.
 */
public final class ProxyFilterFactory implements NetworkFilterFactory {
  public static final String NAME = "proxy";
  private static final Set<String> KEYS =
      Set.of("downstream_protocol", "upstream_protocol", "router_config_name", "extend_config");
  private static final Set<String> IGNORED =
      Set.of("name", "router_handler_name", "validate_clusters", "concurrency_num");
  private static final String UNKNOWN_PROTOCOL_FALLBACK = "fallback_for_unknown_protocol";

  private final ProxyServices services;

  public ProxyFilterFactory(ProxyServices services) {
    this.services = services;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Object parse(ConfigNode config) {
    if (config.has(UNKNOWN_PROTOCOL_FALLBACK)
        && config.require(UNKNOWN_PROTOCOL_FALLBACK).asBoolean()) {
      throw config.error(
          UNKNOWN_PROTOCOL_FALLBACK,
          "not supported by Weft: a connection no listed protocol recognises is closed");
    }
    Set<String> ignored = new HashSet<>(IGNORED);
    ignored.add(UNKNOWN_PROTOCOL_FALLBACK);
    for (String path : config.checkKeys(KEYS, ignored)) {
      config.warn(path.substring(path.lastIndexOf('.') + 1), "ignored: it has no effect in Weft");
    }
    Map<String, Map<String, String>> options = Map.of();
    String downstream = config.nonEmptyString("downstream_protocol");
    String upstream = config.string("upstream_protocol", ProxyConfig.AUTO);
    if (config.has("extend_config")) {
      ConfigNode extend = config.require("extend_config");
      // MOSN 0.11-0.25: "X" with the real protocol in extend_config.sub_protocol.
      String sub = extend.optString("sub_protocol").orElse(null);
      if (sub != null && downstream.equals("X")) {
        downstream = sub;
      }
      if (sub != null && upstream.equals("X")) {
        upstream = sub;
      }
      options =
          ProtocolOptionsParser.parse(
              extend, name -> services.protocols().registry().find(name).isPresent());
    }
    List<String> protocols = new ArrayList<>();
    for (String name : downstream.split(",")) {
      String trimmed = name.trim();
      checkProtocol(config, "downstream_protocol", trimmed, true);
      protocols.add(trimmed);
    }
    checkProtocol(config, "upstream_protocol", upstream, true);
    return new ProxyConfig(
        protocols, upstream, config.nonEmptyString("router_config_name"), options);
  }

  private void checkProtocol(ConfigNode config, String key, String name, boolean autoAllowed) {
    if (autoAllowed && name.equalsIgnoreCase(ProxyConfig.AUTO)) {
      return;
    }
    if (name.equals("SofaRpc")) {
      throw config.error(
          key,
          "\"SofaRpc\" was MOSN's name for Bolt up to v0.10; write \"bolt\" (or \"boltv2\") instead");
    }
    try {
      services.protocols().require(name);
    } catch (UnknownNameException e) {
      throw config.error(key, e.getMessage());
    }
  }

  @Override
  public NetworkFilter create(Object config, ListenerContext context) {
    ProxyConfig proxy = (ProxyConfig) config;
    ListenerConfig listenerConfig = context.config();
    List<Map.Entry<StreamFilterFactory, Object>> streamFilters = new ArrayList<>();
    for (FilterConfig filter : listenerConfig.streamFilters()) {
      streamFilters.add(
          Map.entry(services.streamFilters().require(filter.type()), filter.config()));
    }
    List<AccessLog> accessLogs = new ArrayList<>();
    for (AccessLogConfig log : listenerConfig.accessLogs()) {
      accessLogs.add(services.accessLogs().open(log));
    }
    ProxyListener listener =
        new ProxyListener(
            context.name(),
            proxy,
            services,
            new ListenerStats(context.stats()),
            new ListenerStats(services.stats().proxyGlobal()),
            streamFilters,
            accessLogs);
    Counter unknownProtocol = context.stats().counter("connection_unknown_protocol");
    return channel -> {
      Timeouts timeouts = context.loops().timeouts(channel.eventLoop());
      ProtocolSelector.install(
          channel,
          listener.downstreamProtocols,
          new ServerContext(
              stream -> new DownstreamRequest(listener, stream, timeouts),
              listener.options,
              context.loops().flusher(channel.eventLoop()),
              listener.downstreamProtocols),
          unknownProtocol::inc);
    };
  }
}
