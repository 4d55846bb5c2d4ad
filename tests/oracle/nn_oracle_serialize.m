% nn_oracle_serialize.m -- the tutorial's serialize: row-major (numpy ravel) of Theta1, then of Theta2.
% (The course's own Octave code uses column-major [Theta1(:); Theta2(:)] instead.)
function t = nn_oracle_serialize(Theta1, Theta2)
  t = [reshape(Theta1', [], 1); reshape(Theta2', [], 1)];
end
