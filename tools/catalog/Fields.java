import java.io.*;
public class Fields { public static void main(String[] a) throws Exception {
  BufferedReader r = new BufferedReader(new InputStreamReader(System.in)); String l;
  while ((l = r.readLine()) != null) { l = l.trim(); if (l.isEmpty()) continue;
    try { Class<?> c = Class.forName(l); try { c.getDeclaredField("created"); System.out.println(l); } catch (NoSuchFieldException e) {} } catch (ClassNotFoundException e) { System.err.println("missing " + l); } }
}}
