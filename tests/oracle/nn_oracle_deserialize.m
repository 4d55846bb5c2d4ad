% nn_oracle_deserialize.m -- inverse of nn_oracle_serialize (row-major Theta1 then Theta2).
function [Theta1, Theta2] = nn_oracle_deserialize(t, n_in, n_hid, K)
  n1 = n_hid * (n_in + 1);
  Theta1 = reshape(t(1:n1), n_in + 1, n_hid)';
  Theta2 = reshape(t(n1+1:end), n_hid + 1, K)';
end
