/** The username and password fields every app's sign-in form starts with, labelled in the app's language. */
export function SignInFields(props: {
  usernameLabel: string;
  passwordLabel: string;
  username: string;
  password: string;
  onUsername(value: string): void;
  onPassword(value: string): void;
}) {
  return (
    <>
      <label>
        {props.usernameLabel}
        <input name="username" autoComplete="username" value={props.username} onChange={(event) => props.onUsername(event.target.value)} required />
      </label>
      <label>
        {props.passwordLabel}
        <input name="password" type="password" autoComplete="current-password" value={props.password} onChange={(event) => props.onPassword(event.target.value)} required />
      </label>
    </>
  );
}
