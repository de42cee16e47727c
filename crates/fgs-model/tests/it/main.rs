mod sign;
