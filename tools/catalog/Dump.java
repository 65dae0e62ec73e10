import java.lang.reflect.*;
import java.util.*;
public class Dump {
  static Set<Class<?>> seen = new HashSet<>();
  public static void main(String[] a) throws Exception {
    System.out.println("LOOKUP " + new TreeMap<>(com.stripe.model.EventDataClassLookup.classLookup).entrySet().stream().map(e->e.getKey()+"="+e.getValue().getName()).toList());
    walk(Class.forName("com.stripe.service.V1Services"), "");
    Class<?> ee = Class.forName("com.stripe.param.WebhookEndpointCreateParams$EnabledEvent");
    List<String> evs = new ArrayList<>();
    for (Object c : ee.getEnumConstants()) evs.add((String) ee.getMethod("getValue").invoke(c));
    System.out.println("EVENTS " + evs);
  }
  static void walk(Class<?> svc, String prefix) {
    for (Method m : svc.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())) continue;
      Class<?> r = m.getReturnType();
      if (m.getParameterCount()==0 && r.getName().startsWith("com.stripe.service") && r.getSuperclass()==com.stripe.net.ApiService.class) {
        if (seen.add(r)) { describe(r, prefix + m.getName()); walk(r, prefix + m.getName() + "."); }
      }
    }
  }
  static void describe(Class<?> svc, String path) {
    Set<String> ms = new TreeSet<>();
    String model = null;
    for (Method m : svc.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.getReturnType().getName().startsWith("com.stripe.service")) continue;
      ms.add(m.getName() + "/" + m.getParameterCount());
      if (m.getName().equals("list")) {
        Type t = m.getGenericReturnType();
        if (t instanceof ParameterizedType p) model = p.getActualTypeArguments()[0].getTypeName();
      }
    }
    Set<String> names = new TreeSet<>(); for (String s: ms) names.add(s.split("/")[0]);
    System.out.println("SVC " + path + " " + svc.getName() + " model=" + model + " methods=" + names);
  }
}
