export function Greeting({ name, admin }) {
  const label = admin ? "Admin" : "User";
  return (
    <div onClick={() => name && alert(name)}>
      {admin && <b>{label}</b>}
      {name || "nobody"}
    </div>
  );
}
