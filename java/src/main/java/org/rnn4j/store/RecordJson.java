package org.rnn4j.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings records with scalar components ({@link org.rnn4j.model.ModelConfig},
 * {@link org.rnn4j.model.AdamConfig}) as JSON objects keyed by the component names, read strictly:
 * every component present with its type, nothing unknown. Reflection keeps the JSON in step with
 * the records when a field is added.
 */
public final class RecordJson {
  private RecordJson() {}

  public static JsonObject toJson(Record r) {
    JsonObject o = new JsonObject();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v = value(r, c);
      if (v instanceof Boolean b) {
        o.addProperty(c.getName(), b);
      } else if (v instanceof Number n) {
        o.addProperty(c.getName(), n);
      } else {
        o.addProperty(c.getName(), String.valueOf(v));
      }
    }
    return o;
  }

  /** Reads a {@code type} from {@code o}; {@code where} names the source in error messages. */
  public static <R extends Record> R fromJson(Class<R> type, JsonObject o, String where) {
    return fromJson(type, o, where, Map.of());
  }

  /**
   * As {@link #fromJson(Class, JsonObject, String)}, but a component named in {@code absent} may be
   * missing from {@code o} and then takes the mapped value: fields added to a record after files
   * were written without them. Enum components are read by their {@code toString()}.
   */
  public static <R extends Record> R fromJson(Class<R> type, JsonObject o, String where,
      Map<String, Object> absent) {
    RecordComponent[] comps = type.getRecordComponents();
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      JsonElement e = o.get(comps[i].getName());
      if (e == null && absent.containsKey(comps[i].getName())) {
        args[i] = absent.get(comps[i].getName());
        continue;
      }
      if (e == null || !e.isJsonPrimitive()) {
        throw new IllegalArgumentException(where + ": " + type.getSimpleName() + " lacks '"
            + comps[i].getName() + "' (found " + o.keySet() + ")");
      }
      args[i] = scalar(types[i], e.getAsJsonPrimitive(), where + ": " + comps[i].getName());
    }
    for (String key : o.keySet()) {
      if (List.of(comps).stream().noneMatch(c -> c.getName().equals(key))) {
        throw new IllegalArgumentException(where + ": unknown " + type.getSimpleName() + " field '"
            + key + "'");
      }
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(where + ": invalid " + type.getSimpleName() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /**
   * The components where {@code left} and {@code right} differ, as
   * {@code "name: L (leftName) vs R (rightName)"}; empty when equal.
   */
  public static List<String> differences(Record left, String leftName, Record right, String rightName) {
    List<String> out = new ArrayList<>();
    for (RecordComponent c : left.getClass().getRecordComponents()) {
      Object a = value(left, c);
      Object b = value(right, c);
      if (!Objects.equals(a, b)) {
        out.add(c.getName() + ": " + a + " (" + leftName + ") vs " + b + " (" + rightName + ")");
      }
    }
    return out;
  }

  private static Object scalar(Class<?> t, JsonPrimitive p, String where) {
    try {
      if (t == boolean.class && p.isBoolean()) {
        return p.getAsBoolean();
      }
      if (t == int.class && p.isNumber()) {
        return p.getAsBigDecimal().intValueExact();
      }
      if (t == long.class && p.isNumber()) {
        return p.getAsBigDecimal().longValueExact();
      }
      if (t == double.class && p.isNumber()) {
        return p.getAsDouble();
      }
      if (t.isEnum() && p.isString()) {
        for (Object constant : t.getEnumConstants()) {
          if (constant.toString().equals(p.getAsString())) {
            return constant;
          }
        }
        throw new IllegalArgumentException(where + " must be one of "
            + Arrays.toString(t.getEnumConstants()) + ", got " + p);
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // falls through
    }
    throw new IllegalArgumentException(where + " must be a " + t.getSimpleName() + ", got " + p);
  }

  private static Object value(Record r, RecordComponent c) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + r, e);
    }
  }
}
