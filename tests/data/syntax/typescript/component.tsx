type Props = { items: string[]; empty?: string };

export function List({ items, empty }: Props) {
  if (items.length === 0) {
    return <p>{empty ?? "nothing"}</p>;
  }
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item.length > 3 ? item : <b>{item}</b>}</li>
      ))}
    </ul>
  );
}
